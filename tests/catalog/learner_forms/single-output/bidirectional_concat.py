# expect: wrong_answer
# feedback: wrapped in Bidirectional
# feedback: doubles in size
from tensorflow.keras.layers import Bidirectional, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(Bidirectional(SimpleRNN(4), input_shape=(3, 2)))
