# expect: wrong_answer
# feedback: averages the outputs of all the steps into one vector, instead of taking the last hidden state
# feedback: remove the GlobalAveragePooling1D
# feedback: default, False
from tensorflow.keras.layers import GlobalAveragePooling1D, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))
model.add(GlobalAveragePooling1D())
