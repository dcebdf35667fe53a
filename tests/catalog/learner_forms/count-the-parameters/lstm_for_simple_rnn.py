# expect: wrong_answer
# feedback: should be a SimpleRNN
from tensorflow.keras.layers import LSTM
from tensorflow.keras.models import Sequential

model = Sequential([LSTM(4, input_shape=(3, 2))])
